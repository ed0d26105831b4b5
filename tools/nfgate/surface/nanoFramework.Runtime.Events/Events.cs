// Reference surface of nanoFramework.Runtime.Events 1.11.32 (assembly nanoFramework.Runtime.Events), from
// nanoframework/nanoFramework.Runtime.Events (NativeEventDispatcher.cs, EventSink.cs, EventCategory.cs,
// BaseEvent.cs, GenericEvent.cs, CustomEvent.cs, IEventProcessor.cs, IEventListener.cs). Declarations only.
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
        Unknown = 0, Custom = 10, Gpio = 20, SerialDevice = 30, Network = 40, WiFi = 50, Can = 60, Storage = 70, Radio = 80,
    }

    public class BaseEvent
    {
        public ushort Source;
        public byte Message;
    }

    public class GenericEvent : BaseEvent
    {
        public byte Category;
        public uint Data;
        public DateTime Time;
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

    public class EventSink : NativeEventDispatcher
    {
        private EventSink() : base(null, 0) { }
        public static void AddEventListener(EventCategory eventCategory, IEventListener eventListener) => throw null;
        public static void AddEventFilter(EventCategory eventCategory, IEventListener eventFilter) => throw null;
        public static void AddEventProcessor(EventCategory eventCategory, IEventProcessor eventProcessor) => throw null;
        public static void RemoveEventListener(EventCategory eventCategory, IEventListener eventListener) => throw null;
        public static void RemoveEventFilter(EventCategory eventCategory, IEventListener eventFilter) => throw null;
        public static void RemoveEventProcessor(EventCategory eventCategory, IEventProcessor eventProcessor) => throw null;
        public static void PostManagedEvent(byte category, byte subCategory, ushort data1, uint data2) => throw null;
    }

    public class CustomEventArgs : EventArgs
    {
        internal CustomEventArgs() { }
        public ushort Data1 => throw null;
        public uint Data2 => throw null;
    }

    public delegate void CustomEventPostedEventHandler(object sender, CustomEventArgs e);

    public static class CustomEvent
    {
        public static event CustomEventPostedEventHandler CustomEventPosted { add { } remove { } }
    }
}
