// Reference surface of nanoFramework.Runtime.Events 1.11.32 (assembly nanoFramework.Runtime.Events), from
// nanoframework/nanoFramework.Runtime.Events (NativeEventDispatcher.cs, EventSink.cs, EventCategory.cs,
// BaseEvent.cs, CustomEvent.cs, IEventProcessor.cs, IEventListener.cs). Declarations only.
namespace nanoFramework.Runtime.Events
{
    using System;

    public delegate void NativeEventHandler(uint data1, uint data2, DateTime time);

    public class NativeEventDispatcher : IDisposable
    {
        protected NativeEventHandler threadSpawn = null;
        protected NativeEventHandler callbacks = null;
        protected bool disposed = false;
        public NativeEventDispatcher(string driverName, ulong driverData) { }
        public virtual void EnableInterrupt() => throw null;
        public virtual void DisableInterrupt() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        ~NativeEventDispatcher() { }
        public void Dispose() => throw null;
        public event NativeEventHandler OnInterrupt { add { } remove { } }
    }

    public enum EventCategory
    {
        Unknown = 0, Gpio = 10, Storage = 20, Network = 30, WiFi = 40, Custom = 50, I2cSlave = 60,
    }

    public class BaseEvent
    {
        public ushort Source;
        public byte Message;
        public DateTime Time;
    }

    public class CustomEvent : BaseEvent
    {
        public byte EventMessage;
        public uint Data;
    }

    public interface IEventProcessor
    {
        BaseEvent ProcessEvent(uint data1, uint data2, DateTime time);
    }

    public interface IEventListener
    {
        void InitializeForEventSource();
        bool OnEvent(BaseEvent ev);
    }

    public delegate void EventDelegate(BaseEvent ev);

    public static class EventSink
    {
        public static void AddEventProcessor(EventCategory eventCategory, IEventProcessor eventProcessor) => throw null;
        public static void AddEventListener(EventCategory eventCategory, IEventListener eventListener) => throw null;
        public static void RemoveEventProcessor(EventCategory eventCategory, IEventProcessor eventProcessor) => throw null;
        public static void RemoveEventListener(EventCategory eventCategory, IEventListener eventListener) => throw null;
    }
}
